"""Edit → Settings, what the window remembers (QSettings), and the window's side of data safety."""
