/* guard.c -- to be written */
