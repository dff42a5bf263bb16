// Cheap liveness probe: needs a connection and the database to answer, touches no data.
RETURN 1 AS ok
