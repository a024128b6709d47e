"""Import and export: GENIUS XML domains, DEU-style position tables, Gambit games."""
