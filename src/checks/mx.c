/* mx.c -- to be written */
