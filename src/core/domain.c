/* domain.c -- to be written */
