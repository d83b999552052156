/* resolver.c -- to be written */
