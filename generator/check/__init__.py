"""`pressroom check`: content and built site checks."""
