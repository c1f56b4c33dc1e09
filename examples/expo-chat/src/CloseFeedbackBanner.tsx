import { Pressable, StyleSheet, Text, View } from 'react-native';
import { useCloseFeedback, type WebSocketHandle } from 'react-lifeline';

const COLORS = { info: '#1d4ed8', success: '#15803d', warning: '#b45309', error: '#b91c1c' } as const;

/** `CloseBanner` for React Native: the same feedback, drawn with View and Text. */
export function CloseFeedbackBanner({ socket }: { socket: WebSocketHandle<unknown> }) {
  const feedback = useCloseFeedback(socket);
  if (!feedback) return null;
  const { action } = feedback;
  return (
    <View accessibilityRole="alert" testID="close-banner" style={[styles.banner, { borderColor: COLORS[feedback.severity] }]}>
      <Text style={styles.title}>{feedback.title}</Text>
      {feedback.description ? <Text>{feedback.description}</Text> : null}
      {action ? (
        <Pressable accessibilityRole="button" onPress={action.onClick} style={styles.button}>
          <Text style={{ color: COLORS[feedback.severity] }}>{action.label}</Text>
        </Pressable>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  banner: { borderWidth: 1, borderRadius: 8, padding: 12, gap: 4 },
  title: { fontWeight: '600' },
  button: { alignSelf: 'flex-start', paddingVertical: 4 },
});
