"""Reading without a network: the service worker (online copy) and the file:// copy and its zip."""
