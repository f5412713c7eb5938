"""One small wrapper per external tool; nothing else builds a command line."""
