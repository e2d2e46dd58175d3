"""Classroom mode: session store, concurrency, and the classroom screens."""
