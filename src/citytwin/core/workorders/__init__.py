"""Grid management (CIM+网格): events and work orders, their placement, lifecycle and SLA escalation."""
