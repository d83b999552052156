/* ipv6.c -- to be written */
