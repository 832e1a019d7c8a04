"""What every feature stands on and no feature owns: the transaction boundary
(and, as the features move into their packages, the app factory's pieces, db,
i18n, security, the API's auth and error format). It imports no feature."""
