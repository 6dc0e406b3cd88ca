"""Analytics: live indicators, alert rules and the event lifecycle, fed by the change stream."""
