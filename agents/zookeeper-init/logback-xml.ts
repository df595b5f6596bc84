/**
 * A logback.xml that sends ZooKeeper's log to the console at one level. The
 * image keeps its own in the config directory, which the pod mounts over; without
 * one, logback would log everything at DEBUG.
 */
export function renderLogbackXml(level: string): string {
  return `<!-- Written by zookeeper-init: ZooKeeper logs to the console, read with kubectl logs. -->
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n</pattern>
    </encoder>
  </appender>
  <root level="${level}">
    <appender-ref ref="CONSOLE" />
  </root>
</configuration>
`;
}
