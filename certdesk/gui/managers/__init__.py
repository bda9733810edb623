"""The Managers page: the list, one manager's pane, departures and credentials."""
