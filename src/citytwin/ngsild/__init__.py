"""The NGSI-LD adapter: @context handling, (de)serialisation of entities, and the NGSI-LD routers."""
