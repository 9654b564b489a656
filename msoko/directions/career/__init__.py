"""Direction 4: self-determination and career guidance (the ЕГЭ choices now, destinations next)."""
