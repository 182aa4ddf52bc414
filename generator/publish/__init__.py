"""`pressroom deploy`: publish the built site to a gh-pages branch."""
