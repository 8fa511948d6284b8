"""The REST API of identification (/api/v1/): serializers and thin views over the services."""
