#!/usr/bin/env python3
"""listen.py LOG ADDR:PORT... -- a listener that must hear nothing (tests/e2e/cases/15-hostile.sh).

Binds UDP and TCP on every ADDR:PORT ([v6]:port for IPv6), appends one line per datagram
or connection to LOG ("udp 10.1.2.3:53 from 127.0.0.1:40000"), answers nothing, and
creates LOG.ready once every socket is bound. Runs until killed.
"""
import selectors
import socket
import sys


def parse(spec):
    host, _, port = spec.rpartition(":")
    host = host.strip("[]")
    return (socket.AF_INET6 if ":" in host else socket.AF_INET), host, int(port)


def main():
    log = open(sys.argv[1], "a", buffering=1)
    sel = selectors.DefaultSelector()
    for spec in sys.argv[2:]:
        fam, host, port = parse(spec)
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(fam, kind)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
            if kind == socket.SOCK_STREAM:
                s.listen(16)
            sel.register(s, selectors.EVENT_READ, (kind, spec))
    open(sys.argv[1] + ".ready", "w").close()
    while True:
        for key, _ in sel.select():
            kind, spec = key.data
            if kind == socket.SOCK_DGRAM:
                _, peer = key.fileobj.recvfrom(65535)
                log.write("udp %s from %s\n" % (spec, peer[0]))
            else:
                conn, peer = key.fileobj.accept()
                log.write("tcp %s from %s\n" % (spec, peer[0]))
                conn.close()


if __name__ == "__main__":
    main()
