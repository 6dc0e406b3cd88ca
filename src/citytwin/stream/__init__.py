"""Real-time interaction: the change bus, the observed store, subscriptions and notifications."""
