"""Sends exactly N view beacons over C keep-alive connections, spread over the ids in a file,
and prints how many were accepted (202): the benchmark's check that every accepted beacon is
counted. Standard library only.

    python3 bench/beacons.py HOST PORT PATHS_FILE N C
"""

import asyncio
import sys

host, port, paths_file, total, connections = (
    sys.argv[1],
    int(sys.argv[2]),
    sys.argv[3],
    int(sys.argv[4]),
    int(sys.argv[5]),
)
paths = [line.strip() for line in open(paths_file) if line.strip()]


async def client(index: int, count: int) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    accepted = 0
    for n in range(count):
        path = paths[(index * count + n) % len(paths)]
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n".encode()
        )
        status_line = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        if length:
            await reader.readexactly(length)
        if status_line.split()[1] == b"202":
            accepted += 1
    writer.close()
    return accepted


async def main() -> None:
    share = [total // connections + (1 if i < total % connections else 0) for i in range(connections)]
    accepted = await asyncio.gather(*(client(i, n) for i, n in enumerate(share)))
    print(sum(accepted))


asyncio.run(main())
