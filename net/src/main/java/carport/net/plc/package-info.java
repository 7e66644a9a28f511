/** The PLC directory over HTTP: live audit logs and submitting signed operations. */
package carport.net.plc;
