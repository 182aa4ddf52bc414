"""`pressroom serve`: preview with live reload."""
