"""Small fixes to what Material for MkDocs writes: landmarks' names, instant navigation anywhere."""
