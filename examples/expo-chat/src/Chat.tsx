import { useState } from 'react';
import { Button, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useWebSocket } from 'react-lifeline';
import { CloseFeedbackBanner } from './CloseFeedbackBanner';

/** A chat on one socket: its status, its last close, what came in, and a box to send from (sends queue while offline). */
export function Chat({ url }: { url: string }) {
  const [lines, setLines] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const chat = useWebSocket<string>(url, {
    parse: String,
    onMessage: (line) => setLines((previous) => [...previous.slice(-49), line]),
  });
  const { lastClose } = chat;
  return (
    <View style={styles.chat}>
      <Text testID="status">{chat.status}</Text>
      <Text testID="online">{chat.online ? 'online' : 'offline'}</Text>
      <Text testID="last-close">{lastClose ? `${lastClose.code} ${lastClose.initiator} ${lastClose.wasClean ? 'clean' : 'unclean'} ${lastClose.reason}`.trim() : 'none'}</Text>
      <CloseFeedbackBanner socket={chat} />
      <ScrollView testID="messages">
        {lines.map((line, index) => (
          <Text key={index}>{line}</Text>
        ))}
      </ScrollView>
      <TextInput testID="draft" value={draft} onChangeText={setDraft} placeholder="Say something" style={styles.input} />
      <Button
        title="Send"
        onPress={() => {
          chat.send(draft);
          setDraft('');
        }}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  chat: { flex: 1, gap: 8, padding: 16 },
  input: { borderWidth: 1, borderColor: '#999', borderRadius: 6, padding: 8 },
});
