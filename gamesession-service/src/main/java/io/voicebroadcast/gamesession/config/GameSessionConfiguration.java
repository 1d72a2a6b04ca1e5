package io.voicebroadcast.gamesession.config;

import io.voicebroadcast.gamesession.broadcast.ActiveRole;
import io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator;
import io.voicebroadcast.gamesession.broadcast.BroadcastReports;
import io.voicebroadcast.gamesession.broadcast.BroadcastStore;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.camera.CameraStore;
import io.voicebroadcast.gamesession.fleet.AnnouncedFleet;
import io.voicebroadcast.gamesession.fleet.NodeRegistry;
import io.voicebroadcast.gamesession.fleet.StaticFleet;
import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import io.voicebroadcast.security.AdminTokenFilter;
import io.voicebroadcast.security.DashboardPageFilter;
import io.voicebroadcast.security.ProblemErrorController;
import io.voicebroadcast.gamesession.voice.GeneratedVoiceClient;
import io.voicebroadcast.gamesession.voice.RetryPolicy;
import io.voicebroadcast.gamesession.voice.RetryingVoiceClient;
import io.voicebroadcast.gamesession.voice.Sleeper;
import io.voicebroadcast.gamesession.voice.VoiceClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import io.voicebroadcast.gamesession.broadcast.BroadcastRecord;
import io.voicebroadcast.gamesession.broadcast.Replacement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain-Java registry, orchestrator (with the API's reports on it) and voice client into the application. */
@Configuration(proxyBeanMethods = false)
class GameSessionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GameSessionConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CameraRegistry cameraRegistry(Clock clock, GameSessionProperties p, ObjectProvider<CameraStore> store) {
        return new CameraRegistry(clock, p.endedCameraRetention(), store.getIfAvailable(() -> CameraStore.NONE));
    }

    @Bean
    VoiceClient voiceClient(GameSessionProperties p) {
        return voiceClient(p, p.voiceBaseUrl());
    }

    private static VoiceClient voiceClient(GameSessionProperties p, String baseUrl) {
        RetryPolicy perCall = new RetryPolicy(p.voiceRetryAttempts(), Duration.ofMillis(p.voiceRetryInitialBackoffMs()),
                Duration.ofMillis(p.voiceRetryMaxBackoffMs()));
        return new RetryingVoiceClient(new GeneratedVoiceClient(baseUrl, p.voiceAdminToken(), p.voiceConnectTimeout(),
                p.voiceReadTimeout(), p.voiceStatusTimeout()), perCall, Sleeper.REAL);
    }

    /**
     * The voice nodes: the one of GAMESESSION_VOICE_BASE_URL (static), or those announcing
     * themselves, each reached at its advertised URL with the same token, timeouts and retries.
     */
    @Bean
    VoiceFleet voiceFleet(GameSessionProperties p, VoiceClient voice, Clock clock) {
        if (p.voiceNodes() == GameSessionProperties.VoiceNodes.STATIC) {
            return new StaticFleet(voice, p.voiceBaseUrl());
        }
        log.info("voice nodes: those announcing themselves on exchange {} (lost after {} ms of silence)", p.nodeExchange(), p.nodeLossMs());
        return new AnnouncedFleet(new NodeRegistry(clock, p.nodeLoss()), url -> voiceClient(p, url), p.placementMinCpuHeadroom());
    }

    @Bean
    BroadcastOrchestrator broadcastOrchestrator(CameraRegistry registry, VoiceFleet fleet, Clock clock, GameSessionProperties p,
                                                ObjectProvider<BroadcastStore> stored, ActiveRole role) {
        RetryPolicy background = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(p.reconcileRetryMinMs()),
                Duration.ofMillis(p.reconcileRetryMaxMs()));
        // The state in PostgreSQL when SPRING_DATASOURCE_URL is set (docs/state.md), else in memory.
        BroadcastStore store = stored.getIfAvailable(() -> BroadcastStore.NONE);
        BroadcastOrchestrator orchestrator = new BroadcastOrchestrator(registry, fleet, clock, background, store);
        if (role.isActive()) {
            orchestrator.restore(store.loadAll());
        } else {
            // Another instance may be active on the state: nothing is done until this one takes over.
            orchestrator.standBy();
            role.onTakeover(() -> {
                registry.reload();
                List<BroadcastRecord> records = store.loadAll();
                if (fleet instanceof AnnouncedFleet announced) {
                    awaitPlacedNodes(announced, records, p.nodeLoss());
                }
                orchestrator.restore(records);
                if (fleet instanceof AnnouncedFleet announced && !announced.registry().lost().isEmpty()) {
                    // Lost while this instance stood by (its orchestrator did nothing then): their broadcasts are placed again now.
                    orchestrator.onNodesLost(announced.registry().lost(), Replacement.NODE_LOST);
                }
            });
        }
        return orchestrator;
    }

    /**
     * In a fleet, the nodes of the broadcasts on air are learned from their announcements before
     * those are adopted (a standby has been hearing them all along; after a restart they announce
     * within a second or two), for at most the node loss time: a node silent that long is lost,
     * and its broadcasts are placed again once the node watch sees it.
     */
    private static void awaitPlacedNodes(AnnouncedFleet fleet, List<BroadcastRecord> records, Duration within) {
        Set<String> placed = records.stream().filter(BroadcastRecord::onAir).map(BroadcastRecord::nodeId).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        if (placed.isEmpty()) {
            return;
        }
        try {
            Set<String> missing = fleet.registry().awaitHeard(placed, within);
            if (missing.isEmpty()) {
                log.info("voice nodes: heard every node with a broadcast on air ({}) before adopting them", placed);
            } else {
                log.warn("voice nodes: {} not heard within {} ms; their broadcasts are taken as on air until a call says otherwise",
                        missing, within.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Alone (state in memory) this instance is the active one; with the state in a database, a
     * standby until it holds the state's lock (docs/state.md#two-instances).
     */
    @Bean
    ActiveRole activeRole(ObjectProvider<BroadcastStore> stored) {
        return stored.getIfAvailable() == null ? ActiveRole.alone() : ActiveRole.standby();
    }

    @Bean
    BroadcastReports broadcastReports(BroadcastOrchestrator orchestrator, VoiceFleet fleet) {
        return new BroadcastReports(orchestrator, fleet);
    }

    /** Runs the orchestrator's due background retries. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService reconcileScheduler(BroadcastOrchestrator orchestrator, GameSessionProperties p) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reconcile");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                orchestrator.retryDue();
            } catch (RuntimeException e) {
                log.error("background reconcile failed", e);
            }
        }, p.reconcileTickMs(), p.reconcileTickMs(), TimeUnit.MILLISECONDS);
        return scheduler;
    }

    /** The error page answers with a problem detail, and with a 404 when asked for directly (Spring Boot's: a 500). */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** The dashboard's page: public, with headers that keep other scripts off it (the data needs the token). */
    @Bean
    FilterRegistrationBean<DashboardPageFilter> dashboardPageFilter() {
        return DashboardPageFilter.registration();
    }

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(GameSessionProperties p) {
        return AdminTokenFilter.registration(p.adminToken(), "/gamesession/", "gamesession", "GAMESESSION_ADMIN_TOKEN");
    }
}
