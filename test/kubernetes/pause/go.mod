module kafka-tests/pause

go 1.26
