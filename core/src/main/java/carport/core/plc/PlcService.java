package carport.core.plc;

/** A service entry of a PLC operation, e.g. {@code atproto_pds -> (AtprotoPersonalDataServer, https://...)}. */
public record PlcService(String type, String endpoint) {}
