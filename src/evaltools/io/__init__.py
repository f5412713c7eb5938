"""Every read and write of a file happens in this package (tests enforce it)."""
