"""Fakes of outside services that tests drive over real loopback sockets."""
