"""The pages of directions 4 and 7: their figures, scoping and empty states."""
