"""Pure rules engine: no Textual, no Rich, no I/O, no globals, no wall clock."""
