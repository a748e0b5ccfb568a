"""What every bench script shares: the databases it measures on and the one table it reports to."""
