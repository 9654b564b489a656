"""Direction 3: support of gifted and motivated pupils (ВсОШ stages, later the gifted children bank)."""
