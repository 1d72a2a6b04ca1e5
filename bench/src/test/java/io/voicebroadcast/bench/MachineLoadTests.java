package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voicebroadcast.bench.MachineLoad.Calibration;
import io.voicebroadcast.bench.MachineLoad.CpuTimes;
import org.junit.jupiter.api.Test;

class MachineLoadTests {

    @Test
    void procStat_givesBusyIdleAndSteal_andTheirSharesOverAWindow() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuTimes a = CpuTimes.parse("cpu  100 0 50 800 20 5 5 20 0 0\ncpu0 50 0 25 400 10 2 3 10 0 0\nintr 1 2 3\n");
        CpuTimes b = CpuTimes.parse("cpu  400 10 90 1200 20 10 10 60 7 0\n");

        assertThat(a).isEqualTo(new CpuTimes(160, 820, 20));
        CpuTimes window = b.since(a);
        assertThat(window).isEqualTo(new CpuTimes(360, 400, 40));
        assertThat(window.stealPercent()).isCloseTo(5.0, within(1e-9));
        assertThat(window.busyPercent()).isCloseTo(45.0, within(1e-9));
        assertThat(new CpuTimes(0, 0, 0).stealPercent()).isNaN();
    }

    @Test
    void procStat_withoutACpuLine_isRefused() {
        assertThatThrownBy(() -> CpuTimes.parse("intr 1 2\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCalibration_isReadFromFfmpegsBenchmarkLine() {
        Calibration c = Calibration.parse(300, "[libx264 @ 0x1] kb/s:2514.70\nbench: utime=9.500s stime=0.500s rtime=12.500s\nbench: maxrss=142352kB");

        assertThat(c.cpuSeconds()).isCloseTo(10.0, within(1e-9));
        assertThat(c.cpuFps()).isCloseTo(30.0, within(1e-9));
        assertThat(c.wallFps()).isCloseTo(24.0, within(1e-9));
        assertThatThrownBy(() -> Calibration.parse(300, "no line")).isInstanceOf(IllegalArgumentException.class);
    }
}
