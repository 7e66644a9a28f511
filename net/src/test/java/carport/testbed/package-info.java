/**
 * Test support for integration tests against the local AT Protocol test bed: a parsed view of
 * the running network ({@link carport.testbed.Testbed}), the {@link carport.testbed.RequiresTestbed}
 * gate, an XRPC client for changing accounts, and private instances. Shipped to other modules'
 * tests as net's test-jar; never part of carport itself.
 */
package carport.testbed;
