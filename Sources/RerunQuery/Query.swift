// Placeholder: latest-at, range and dataframe queries land here.
