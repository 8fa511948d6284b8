"""Reading survey tools' exports, mapping their columns and values, and checking every row.

Pure code over pandas frames (no database access): the import service loads the
study's vocabulary, calls these, then writes what they planned.
"""
