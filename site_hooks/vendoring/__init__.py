"""Everything the site ships from elsewhere: the Pyodide runtime, numpy, the project wheel (as bytecode), KaTeX, fonts."""
