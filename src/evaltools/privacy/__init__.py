"""Privacy of interview data: the scan (pure) and the texts of inputs and outputs it reads."""
