"""Operations: serving in production, backup and restore, error pages when
the database is away, and log hygiene."""
