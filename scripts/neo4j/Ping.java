// Checks that a Neo4j server answers on Bolt and accepts a login, with the Java driver that the
// Neo4j jars bring along. scripts/neo4j-local uses it only when Python's `neo4j` driver is missing:
//   NEO4J_PASSWORD=... java -cp 'lib/*' scripts/neo4j/Ping.java bolt://127.0.0.1:7687 neo4j
// Exit status: 0 login works and RETURN 1 runs; 2 the credentials were refused; 3 not answering (yet).
// (1 is left to the java launcher itself, e.g. a failed compile.)
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.exceptions.SecurityException;

import java.util.concurrent.TimeUnit;

public class Ping {
    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "bolt://127.0.0.1:7687";
        String user = args.length > 1 ? args[1] : "neo4j";
        String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "");
        Config config = Config.builder()
                .withLogging(Logging.none())
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withoutEncryption()
                .build();
        try (Driver driver = GraphDatabase.driver(uri, AuthTokens.basic(user, password), config)) {
            driver.verifyConnectivity();
            driver.executableQuery("RETURN 1").execute();
            System.exit(0);
        } catch (SecurityException e) {  // AuthenticationException and kin
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
