// Placeholder: the chunk store lands here.
