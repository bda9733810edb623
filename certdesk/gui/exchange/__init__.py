"""CSV in and out from the window: the import wizard and list exports."""
