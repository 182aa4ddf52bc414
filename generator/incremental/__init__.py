"""What one build remembers for the next: state, bodies, fingerprints, change scope."""
