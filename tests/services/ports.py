"""Loopback ports for the test servers, so parallel runs and other helpers never collide."""

import socket
import time

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """Ask the kernel for an unused loopback port; servers that cannot bind to 0 get this one."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, timeout: float) -> bool:
    """Poll until something accepts on the port: daemons return before they listen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False
