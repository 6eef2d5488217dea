"""One page per navigation entry; each takes the AppContext and refreshes itself."""
