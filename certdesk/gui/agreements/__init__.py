"""The Agreements page: the register, the detail pane and every agreement dialog."""
