/* dnssec.c -- to be written */
