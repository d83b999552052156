/* similarity.c -- to be written */
