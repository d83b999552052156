/* score.c -- to be written */
