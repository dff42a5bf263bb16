// Number of stored organisations (placeholders not counted).
MATCH (o:Organisation)
WHERE o.json IS NOT NULL
RETURN count(o) AS total
