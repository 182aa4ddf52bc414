"""`pressroom build`: content → the static site."""
